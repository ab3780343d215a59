/**
 * The processor model and compile options: data type, external memory, kernel sizes, optional
 * blocks and optimizations, with named presets and per-field overrides; and memory size parsing.
 */
package io.github.lstmhdl.config;
