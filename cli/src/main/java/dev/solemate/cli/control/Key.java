package dev.solemate.cli.control;

import java.io.IOException;
import java.io.InputStream;

/** A key press in the single-key control mode, decoded from the terminal's bytes. */
public enum Key {
    LEFT, RIGHT, UP, DOWN, TECHNIQUE, HEAT, HEAT_DOWN, HEAT_UP, STOP, QUIT, DIGIT, OTHER;

    /**
     * Reads one key from a terminal in raw mode: arrow keys arrive as {@code ESC [ A..D}. Returns
     * {@link #QUIT} at the end of input (Ctrl-D or a closed terminal). For {@link #DIGIT},
     * {@code digit[0]} receives the digit.
     */
    public static Key read(InputStream in, int[] digit) throws IOException {
        int b = in.read();
        if (b < 0 || b == 4) {
            return QUIT;
        }
        if (b == 27) {
            if (in.read() != '[') {
                return OTHER;
            }
            return switch (in.read()) {
                case 'A' -> UP;
                case 'B' -> DOWN;
                case 'C' -> RIGHT;
                case 'D' -> LEFT;
                default -> OTHER;
            };
        }
        if (b >= '0' && b <= '9') {
            digit[0] = b - '0';
            return DIGIT;
        }
        return switch (Character.toLowerCase((char) b)) {
            case ' ', 's' -> STOP;
            case 'q' -> QUIT;
            case '\t', 'l' -> RIGHT;
            case 'j' -> LEFT;
            case '+', '=', 'k' -> UP;
            case '-', 'm' -> DOWN;
            case 't' -> TECHNIQUE;
            case 'h' -> HEAT;
            case '[' -> HEAT_DOWN;
            case ']' -> HEAT_UP;
            default -> OTHER;
        };
    }
}
