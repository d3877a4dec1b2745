package io.day2ops.dr.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link DrillKind} as the lower-case word the {@code kind} column has always held. */
@Converter(autoApply = true)
public class DrillKindColumn implements AttributeConverter<DrillKind, String> {

    @Override
    public String convertToDatabaseColumn(DrillKind kind) {
        return kind == null ? null : kind.stored();
    }

    @Override
    public DrillKind convertToEntityAttribute(String value) {
        return value == null ? null : DrillKind.ofStored(value);
    }
}
