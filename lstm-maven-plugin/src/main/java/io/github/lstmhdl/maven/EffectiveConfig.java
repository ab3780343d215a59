package io.github.lstmhdl.maven;

import io.github.lstmhdl.config.ProcessorConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a network's processor configuration from its layers, later ones winning per field: the
 * preset, then the plugin's global parameters, then the network's override. Fields are applied in an
 * order that respects the configuration's cross-field rules (memory size and alignment before the base
 * address, FC memories before the thread count), so that any consistent combination is accepted
 * whatever layer each field comes from.
 */
final class EffectiveConfig {

    /** The fields that other fields' checks depend on come first. */
    private static final List<String> APPLY_ORDER;

    static {
        List<String> order = new ArrayList<>(List.of("memorySize", "alignment", "baseAddress",
                "fcInputMemorySize", "fcOutputMemorySize"));
        for (String f : ProcessorConfig.FIELDS) {
            if (!order.contains(f)) {
                order.add(f);
            }
        }
        APPLY_ORDER = List.copyOf(order);
    }

    /** A field's text and where it was written (for error messages). */
    private record Setting(String value, String origin) {
    }

    private final String preset;
    private final String presetOrigin;
    private final Map<String, Setting> settings;

    private EffectiveConfig(String preset, String presetOrigin, Map<String, Setting> settings) {
        this.preset = preset;
        this.presetOrigin = presetOrigin;
        this.settings = settings;
    }

    /**
     * Starts from a preset.
     *
     * @param preset the preset name
     * @param origin how the user wrote it, e.g. {@code parameter 'preset'}
     */
    static EffectiveConfig fromPreset(String preset, String origin) {
        return new EffectiveConfig(Objects.requireNonNull(preset, "preset"), origin, new LinkedHashMap<>());
    }

    /** This configuration with another preset. */
    EffectiveConfig withPreset(String newPreset, String origin) {
        return new EffectiveConfig(newPreset, origin, new LinkedHashMap<>(settings));
    }

    /**
     * This configuration with the given fields set (null or blank values are ignored).
     *
     * @param fields  field name to text
     * @param origin  how to name a field's source in messages; {@code %s} is replaced by the field name
     */
    EffectiveConfig withFields(Map<String, String> fields, String origin) {
        Map<String, Setting> m = new LinkedHashMap<>(settings);
        fields.forEach((field, value) -> {
            if (value != null && !value.isBlank()) {
                m.put(field, new Setting(value.trim(), String.format(origin, field)));
            }
        });
        return new EffectiveConfig(preset, presetOrigin, m);
    }

    /**
     * The resulting configuration.
     *
     * @throws InvalidParameterException naming the parameter whose value is wrong
     */
    ProcessorConfig resolve() throws InvalidParameterException {
        ProcessorConfig config;
        try {
            config = ProcessorConfig.preset(preset.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(presetOrigin, e.getMessage());
        }
        for (String field : APPLY_ORDER) {
            Setting s = settings.get(field);
            if (s != null) {
                try {
                    config = config.with(field, s.value());
                } catch (IllegalArgumentException e) {
                    throw new InvalidParameterException(s.origin(), e.getMessage());
                }
            }
        }
        for (String field : settings.keySet()) {
            if (!APPLY_ORDER.contains(field)) {
                throw new InvalidParameterException(settings.get(field).origin(), "unknown processor field '"
                        + field + "' (known: " + String.join(", ", ProcessorConfig.FIELDS) + ")");
            }
        }
        return config;
    }

    /** A parameter's value is wrong: names the parameter and the reason. */
    static final class InvalidParameterException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidParameterException(String parameter, String reason) {
            super("Invalid " + parameter + ": " + reason);
        }
    }
}
