package io.github.lstmhdl.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration as a user wrote it, before it is checked: a preset and field values as text,
 * each with where it was written, later settings of a field replacing earlier ones. {@link #resolve()}
 * is the one resolution that the command line ({@code --preset}, {@code --memory-size},
 * {@code --set FIELD=VALUE}, ...) and the Maven plugin (preset, global parameters, per-network
 * overrides) share: every field is set at once, so that a consistent combination is accepted whatever
 * order or layer each field was written in, and an error names the setting to change.
 *
 * @param preset the preset's setting
 * @param fields each field's latest setting, by field name, in the order first written
 */
public record ConfigSettings(Setting preset, Map<String, Setting> fields) {

    /**
     * A value as the user wrote it and where.
     *
     * @param value  the text, e.g. {@code 512MiB}
     * @param origin how messages name where it was written, e.g. {@code parameter memorySize (lstm.memorySize)}
     */
    public record Setting(String value, String origin) {
        public Setting {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(origin, "origin");
        }
    }

    public ConfigSettings {
        Objects.requireNonNull(preset, "preset");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Settings that start from a preset and set no field. */
    public static ConfigSettings fromPreset(String preset, String origin) {
        return new ConfigSettings(new Setting(preset, origin), Map.of());
    }

    /** These settings with another preset (the fields set so far stay). */
    public ConfigSettings withPreset(String newPreset, String origin) {
        return new ConfigSettings(new Setting(newPreset, origin), fields);
    }

    /** These settings with a field set, replacing an earlier setting of it; the name is checked by {@link #resolve()}. */
    public ConfigSettings with(String field, String value, String origin) {
        Map<String, Setting> m = new LinkedHashMap<>(fields);
        m.put(Objects.requireNonNull(field, "field"), new Setting(value, origin));
        return new ConfigSettings(preset, m);
    }

    /**
     * The configuration: the preset with every field set at once, so that any consistent combination
     * is accepted whatever order or layer its fields were written in.
     *
     * @throws InvalidSettingException naming the first unknown field, else the first setting in
     *                                 {@link ConfigFields#APPLY_ORDER} whose value is not of its field's
     *                                 syntax, else the setting at which applying them one by one in that
     *                                 order first breaks a rule
     */
    public ProcessorConfig resolve() throws InvalidSettingException {
        for (Map.Entry<String, Setting> e : fields.entrySet()) {
            if (ConfigFields.named(e.getKey()).isEmpty()) {
                throw new InvalidSettingException(e.getValue().origin(), ConfigFields.unknown(e.getKey()));
            }
        }
        ProcessorConfig base;
        try {
            base = ProcessorConfig.preset(preset.value().trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(preset.origin(), e.getMessage());
        }
        Map<ConfigField<?>, Object> parsed = new LinkedHashMap<>();
        for (ConfigField<?> field : ConfigFields.APPLY_ORDER) {
            Setting s = fields.get(field.name());
            if (s != null) {
                try {
                    parsed.put(field, field.parse(s.value()));
                } catch (IllegalArgumentException e) {
                    throw invalid(field, s, e);
                }
            }
        }
        try {
            return base.with(parsed);
        } catch (IllegalArgumentException broken) {
            throw blame(base, broken);
        }
    }

    /** The setting to blame for a broken rule: the one at which applying them one by one breaks it first. */
    private InvalidSettingException blame(ProcessorConfig base, IllegalArgumentException broken) {
        ProcessorConfig config = base;
        for (ConfigField<?> field : ConfigFields.APPLY_ORDER) {
            Setting s = fields.get(field.name());
            if (s != null) {
                try {
                    config = config.with(field.name(), s.value());
                } catch (IllegalArgumentException e) {
                    return new InvalidSettingException(s.origin(), e.getMessage());
                }
            }
        }
        throw new IllegalStateException("the settings break a rule together but not one by one", broken);
    }

    private static InvalidSettingException invalid(ConfigField<?> field, Setting s, IllegalArgumentException e) {
        return new InvalidSettingException(s.origin(), field.invalidValue(s.value(), e.getMessage()));
    }
}
