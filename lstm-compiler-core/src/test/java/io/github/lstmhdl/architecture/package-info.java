/** Tests of the code's structure: package dependencies and their cycles. */
package io.github.lstmhdl.architecture;
