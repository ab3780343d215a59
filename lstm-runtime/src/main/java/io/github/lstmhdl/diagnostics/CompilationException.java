package io.github.lstmhdl.diagnostics;

/**
 * The one error a user sees when a network cannot be compiled or an image cannot be read: it names the
 * file, the place inside it (an ONNX node, a JSON path, a layer or a memory region) and the reason.
 */
public class CompilationException extends LocatedException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file     the network or image file, as the user named it (never an absolute path that the
     *                 user did not give); may be empty when no file is involved
     * @param location where in the file: a node, a JSON path, a layer; may be empty
     * @param reason   what is wrong, in the user's terms
     */
    public CompilationException(String file, String location, String reason) {
        super(file, location, reason);
    }

    public CompilationException(String file, String location, String reason, Throwable cause) {
        super(file, location, reason, cause);
    }
}
