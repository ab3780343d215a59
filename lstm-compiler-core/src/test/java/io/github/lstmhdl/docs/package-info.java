/** Tests that hold the README to the code: its Java snippets compile and run as written. */
package io.github.lstmhdl.docs;
