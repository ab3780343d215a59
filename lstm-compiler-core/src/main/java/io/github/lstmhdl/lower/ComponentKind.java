package io.github.lstmhdl.lower;

/** What a component computes. */
public enum ComponentKind {
    /** Depth concatenation [x_t ; h_{t-1}], read in place by the gate FCs (no copy). */
    CONCAT,
    /** Loads a step's precomputed input projection W·x_t + b into the gate buffer (input projection). */
    PROJECTION_LOAD,
    /** Fully connected: W·x + b, optionally with an activation in the write-back. */
    FULLY_CONNECTED,
    /** Peephole term: gate += p ⊙ c. */
    PEEPHOLE,
    /** Sigmoid. */
    SIGMOID,
    /** Hyperbolic tangent. */
    TANH,
    /** Rectified linear unit. */
    RELU,
    /** Exponential linear unit, alpha per feature. */
    ELU,
    /** Parametric (or leaky) rectified linear unit, a slope per feature. */
    PRELU,
    /** Gaussian error linear unit (erf or tanh form). */
    GELU,
    /** Cell update c_t = f ⊙ c_{t-1} + i ⊙ g. */
    CELL_UPDATE,
    /** Hidden state h_t = o ⊙ tanh(c_t). */
    HIDDEN_UPDATE,
    /** A GRU's reset gate applied: r ⊙ h_{t-1} before R_h, or r ⊙ (R_h h_{t-1} + Rb_h) added to the candidate. */
    RESET_GATE,
    /** A GRU's state update h_t = h~ + z ⊙ (h_{t-1} − h~), that is (1 − z) ⊙ h~ + z ⊙ h_{t-1}. */
    GRU_UPDATE,
    /** Softmax over the features of a step. */
    /** Layer normalization over the features (NORM). */
    LAYER_NORM,
    SOFTMAX,
    /** Log-softmax over the features of a step. */
    LOG_SOFTMAX,
    /** A 1-D convolution over time: an FC over a strided window of frames per output frame. */
    CONVOLUTION,
    /** Max pooling over time: COPY of a window's first frame, then MAX with each further frame. */
    MAX_POOL,
    /** The padded copy of a convolution's input: the input's frames between its padding frames. */
    PAD,
    /** A copy of a state or vector into a layer's output. */
    OUTPUT_COPY
}
