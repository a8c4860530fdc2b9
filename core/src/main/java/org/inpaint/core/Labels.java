package org.inpaint.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Settings spelled as their enum constants' lower-case names ("none", "mirror", "bf16") in cards, configuration and flags. */
public final class Labels {

    private Labels() {
    }

    /** The label of {@code setting}: its name in lower case. */
    public static String of(Enum<?> setting) {
        return setting.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} that {@code label} spells, case and surrounding blanks aside; {@code blank} for a
     * null or blank label (a card or configuration written before the setting existed).
     *
     * @param what the setting in words, for the error ("precision", "self-ensemble")
     * @throws InpaintException BAD_INPUT naming {@code field}, the label and the known ones
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String label, E blank, String field, String what) {
        if (label == null || label.isBlank()) {
            return blank;
        }
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(wanted)) {
                return e;
            }
        }
        throw InpaintException.badInput(field, "unknown " + what + " '" + label + "'; known: "
                + Arrays.stream(type.getEnumConstants()).map(Labels::of).collect(Collectors.joining(", ")));
    }
}
