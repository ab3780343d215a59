package io.github.lstmhdl.host;

import io.github.lstmhdl.diagnostics.LocatedException;

/**
 * A run on a device that cannot proceed: an image the window cannot hold, an input of the wrong size,
 * a processor that does not finish within the timeout or reports other steps than it was given. Named
 * like every error, {@code device: location: reason}.
 */
public class DeviceException extends LocatedException {
    private static final long serialVersionUID = 1L;

    public DeviceException(String device, String location, String reason) {
        super(device, location, reason);
    }

    public DeviceException(String device, String location, String reason, Throwable cause) {
        super(device, location, reason, cause);
    }
}
