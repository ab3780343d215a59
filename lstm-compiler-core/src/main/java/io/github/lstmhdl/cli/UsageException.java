package io.github.lstmhdl.cli;

/** A command line that does not make sense: unknown command or flag, missing value. Exit code 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
