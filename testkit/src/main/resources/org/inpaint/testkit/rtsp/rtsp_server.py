#!/usr/bin/python3
"""A small RTSP server for tests: GStreamer's gst-rtsp-server on loopback, driven through gi.

Serves H.264 MP4 files (one mount per file) and, optionally, a RECORD mount that accepts a pushed H.264 stream and
writes each session to an MPEG-TS file. Run with Debian's /usr/bin/python3 (python3-gi, gir1.2-gst-rtsp-server-1.0,
gstreamer1.0-plugins-{base,good,bad}).

  rtsp_server.py --port 0 --serve /clip=/path/a.mp4 [--serve /other=b.mp4] [--loop]
                 [--record /push=/dir/to/write] [--host 127.0.0.1]

Prints "READY <port>" on stdout once it listens. Exits when its standard input reaches end-of-file or its parent
process changes, so it never outlives the JVM that started it.
"""
import argparse
import os
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstApp, GstRtspServer  # noqa: E402


def log(msg):
    print("rtsp_server: " + msg, file=sys.stderr, flush=True)


def read_access_units(path):
    """Demuxes an MP4 once: H.264 access units (byte-stream, SPS/PPS before every IDR), their caps and frame duration."""
    pipe = Gst.parse_launch(
        "filesrc name=src ! qtdemux ! h264parse config-interval=-1 "
        "! video/x-h264,stream-format=byte-stream,alignment=au ! appsink name=sink sync=false")
    pipe.get_by_name("src").set_property("location", path)
    sink = pipe.get_by_name("sink")
    pipe.set_state(Gst.State.PLAYING)
    units, caps = [], None
    while True:
        sample = sink.emit("pull-sample")
        if sample is None:
            break
        caps = sample.get_caps()
        buf = sample.get_buffer()
        units.append((buf.extract_dup(0, buf.get_size()), buf.has_flags(Gst.BufferFlags.DELTA_UNIT)))
    pipe.set_state(Gst.State.NULL)
    if not units:
        raise SystemExit("no H.264 video in " + path)
    s = caps.get_structure(0)
    ok, num, den = s.get_fraction("framerate")
    if not ok or num == 0:
        num, den = 25, 1
    return units, caps.to_string(), Gst.util_uint64_scale(Gst.SECOND, den, num)


class LoopingFactory(GstRtspServer.RTSPMediaFactory):
    """Each client gets its own pipeline playing the file's access units from the start, over and over."""

    def __init__(self, path):
        GstRtspServer.RTSPMediaFactory.__init__(self)
        self.units, self.caps, self.duration = read_access_units(path)
        log("%s: %d access units, %s" % (path, len(self.units), self.caps))

    def do_create_element(self, url):
        return Gst.parse_launch(
            "( appsrc name=src is-live=false format=time caps=\"%s\" "
            "! h264parse ! rtph264pay name=pay0 pt=96 config-interval=-1 )" % self.caps)

    def do_configure(self, media):
        GstRtspServer.RTSPMediaFactory.do_configure(self, media)
        src = media.get_element().get_by_name("src")
        state = {"i": 0}

        def need_data(appsrc, _length):
            i = state["i"]
            data, delta = self.units[i % len(self.units)]
            buf = Gst.Buffer.new_wrapped(data)
            buf.pts = buf.dts = i * self.duration
            buf.duration = self.duration
            if delta:
                buf.set_flags(Gst.BufferFlags.DELTA_UNIT)
            state["i"] = i + 1
            appsrc.emit("push-buffer", buf)

        src.connect("need-data", need_data)


class RecordFactory(GstRtspServer.RTSPMediaFactory):
    """RECORD: a pushed H.264 stream is written, per session, to <dir>/<name>-<n>.ts (readable even if cut off)."""

    def __init__(self, directory, name):
        GstRtspServer.RTSPMediaFactory.__init__(self)
        self.directory, self.name, self.count = directory, name, 0
        self.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)
        self.set_latency(100)

    def do_create_element(self, url):
        self.count += 1
        out = os.path.join(self.directory, "%s-%d.ts" % (self.name, self.count))
        log("recording to " + out)
        return Gst.parse_launch(
            "( rtph264depay name=depay0 ! h264parse config-interval=-1 ! mpegtsmux ! filesink location=\"%s\" "
            "sync=false )" % out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--serve", action="append", default=[], help="/mount=file.mp4")
    ap.add_argument("--loop", action="store_true", help="loop files forever (else each client gets the file once)")
    ap.add_argument("--record", action="append", default=[], help="/mount=directory")
    args = ap.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address(args.host)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    for spec in args.serve:
        mount, path = spec.split("=", 1)
        if args.loop:
            factory = LoopingFactory(path)
        else:
            factory = GstRtspServer.RTSPMediaFactory()
            factory.set_launch(
                "( filesrc location=\"%s\" ! qtdemux ! h264parse config-interval=-1 "
                "! rtph264pay name=pay0 pt=96 config-interval=-1 )" % path)
        factory.set_shared(False)
        mounts.add_factory(mount, factory)
    for spec in args.record:
        mount, directory = spec.split("=", 1)
        mounts.add_factory(mount, RecordFactory(directory, mount.strip("/").replace("/", "_") or "record"))

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        raise SystemExit("could not listen on %s:%d" % (args.host, args.port))

    def watch_stdin():
        try:
            while os.read(0, 256):
                pass
        except OSError:
            pass
        log("standard input closed: the parent is gone; exiting")
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    parent = os.getppid()

    def watch_parent():
        if os.getppid() != parent:
            log("parent %d is gone; exiting" % parent)
            os._exit(0)
        return True

    GLib.timeout_add(1000, watch_parent)
    print("READY %d" % server.get_bound_port(), flush=True)
    loop.run()


if __name__ == "__main__":
    main()
