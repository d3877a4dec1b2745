package io.day2ops.foundation;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The test service's one entity: a state change for the outbox tests to commit or roll back with their events. */
@Entity
@Table(name = "test_note")
public class TestNote {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String text;
}
