/**
 * What a network is compiled for and how: the {@link io.github.lstmhdl.config.ProcessorModel
 * processor} (data type, external memory, FC kernel, blocks, clock, bandwidth) and the
 * {@link io.github.lstmhdl.config.CompileOptions compile options} (frame limit, tiling, fusion,
 * projection), together a {@link io.github.lstmhdl.config.ProcessorConfig} started from a named preset.
 * The fields as users name and write them are one table, {@link io.github.lstmhdl.config.ConfigFields};
 * {@link io.github.lstmhdl.config.ConfigSettings} resolves layered text settings (the command line's
 * and the Maven plugin's alike). Also memory size parsing.
 */
package io.github.lstmhdl.config;
