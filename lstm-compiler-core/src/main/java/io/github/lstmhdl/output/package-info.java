/** Writing generated files atomically and only when their content changed. */
package io.github.lstmhdl.output;
