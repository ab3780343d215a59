/**
 * Scheduling: orders the lowered program layer by layer (each LSTM direction one time loop, ended by
 * HALT), groups components into the layer groups that the compile log reports
 * ({@code Compiling layer group: lstm_1.wi>>lstm_1.wo ...}) and prints the toolbox-style layer table.
 */
package io.github.lstmhdl.schedule;
