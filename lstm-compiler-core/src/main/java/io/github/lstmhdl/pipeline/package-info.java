/**
 * The pipeline that drives the stages: {@link io.github.lstmhdl.pipeline.Importers} picks the importer
 * a network file's suffix names, {@link io.github.lstmhdl.pipeline.NetworkCompiler} runs the back end
 * (lower, schedule, allocate, encode) on a validated network. Only the user's API (the root package) and
 * the command line use it; no stage does, so the stages stay free of cycles.
 */
package io.github.lstmhdl.pipeline;
