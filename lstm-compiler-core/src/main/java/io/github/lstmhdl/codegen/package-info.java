/**
 * Generated interfaces for the code that uses a compiled network: a Java constants class
 * ({@code <Name>Offsets}), a C header with the same constants for firmware, and a JSON memory map for
 * tools. This package owns the naming rules (class names from file names, constant names from symbol
 * names, clash detection) and the one table of constants that the Java and C writers both render, so
 * the two can never disagree. All output is deterministic: no dates, no absolute paths.
 */
package io.github.lstmhdl.codegen;
