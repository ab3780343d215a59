/**
 * The command line ({@code compile}, {@code inspect}, {@code run}) for use outside Maven: parses
 * arguments, calls the core and maps outcomes to exit codes 0 (success), 1 (invalid input, failed
 * check, overflow) and 2 (bad usage).
 */
package io.github.lstmhdl.cli;
