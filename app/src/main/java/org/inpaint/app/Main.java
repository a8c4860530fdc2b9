package org.inpaint.app;

import java.io.PrintWriter;
import org.inpaint.app.cli.BenchCommand;
import org.inpaint.app.cli.ClipsCommand;
import org.inpaint.app.cli.EnginesCommand;
import org.inpaint.app.cli.EvalCommand;
import org.inpaint.app.cli.ImageCommand;
import org.inpaint.app.cli.ModelsCommand;
import org.inpaint.app.cli.ServeCommand;
import org.inpaint.app.cli.TrainCommand;
import org.inpaint.app.cli.VideoCommand;
import org.inpaint.core.InpaintException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code inpaint} command line. */
@Command(name = "inpaint", mixinStandardHelpOptions = true, version = "inpaint 0.1.0",
        description = "Removes objects from images and video by inpainting.%n",
        subcommands = {ServeCommand.class, ImageCommand.class, VideoCommand.class, EnginesCommand.class, ModelsCommand.class, EvalCommand.class, TrainCommand.class, ClipsCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"%nRun 'inpaint COMMAND --help' for a command's options.",
            "Configuration: config/application.yaml, INPAINT_* environment variables, --set key=value."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failed, 2 bad usage or input). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, printing to the given writers. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InpaintException e) {
                commandLine.getErr().println("error: " + (e.field() == null ? "" : e.field() + ": ") + e.getMessage());
                return e.kind() == InpaintException.Kind.INTERNAL ? 1 : 2;
            }
            throw ex;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
