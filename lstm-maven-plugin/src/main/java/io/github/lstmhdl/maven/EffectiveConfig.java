package io.github.lstmhdl.maven;

import io.github.lstmhdl.config.ConfigSettings;
import io.github.lstmhdl.config.InvalidSettingException;
import io.github.lstmhdl.config.ProcessorConfig;
import java.util.Map;
import java.util.Objects;

/**
 * A network's processor configuration as the pom writes it, in layers, later ones winning per field:
 * the preset, then the plugin's global parameters, then the network's override. The plugin's part is
 * only Maven's: a null or blank parameter is unset, values are trimmed, and an error names the
 * parameter. The resolution itself (every field set at once, the checks, the setting an error names) is the core's
 * {@link ConfigSettings}, the same as the command line's.
 */
final class EffectiveConfig {

    private final ConfigSettings settings;

    private EffectiveConfig(ConfigSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts from a preset.
     *
     * @param preset the preset name
     * @param origin how the user wrote it, e.g. {@code parameter 'preset'}
     */
    static EffectiveConfig fromPreset(String preset, String origin) {
        return new EffectiveConfig(ConfigSettings.fromPreset(Objects.requireNonNull(preset, "preset"), origin));
    }

    /** This configuration with another preset. */
    EffectiveConfig withPreset(String newPreset, String origin) {
        return new EffectiveConfig(settings.withPreset(newPreset, origin));
    }

    /**
     * This configuration with the given fields set (null or blank values are ignored).
     *
     * @param fields  field name to text
     * @param origin  how to name a field's source in messages; {@code %s} is replaced by the field name
     */
    EffectiveConfig withFields(Map<String, String> fields, String origin) {
        ConfigSettings s = settings;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String value = e.getValue();
            if (value != null && !value.isBlank()) {
                s = s.with(e.getKey(), value.trim(), String.format(origin, e.getKey()));
            }
        }
        return new EffectiveConfig(s);
    }

    /**
     * The resulting configuration.
     *
     * @throws InvalidParameterException naming the parameter whose value is wrong
     */
    ProcessorConfig resolve() throws InvalidParameterException {
        try {
            return settings.resolve();
        } catch (InvalidSettingException e) {
            throw new InvalidParameterException(e.origin(), e.reason());
        }
    }

    /** A parameter's value is wrong: names the parameter and the reason. */
    static final class InvalidParameterException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidParameterException(String parameter, String reason) {
            super("Invalid " + parameter + ": " + reason);
        }
    }
}
