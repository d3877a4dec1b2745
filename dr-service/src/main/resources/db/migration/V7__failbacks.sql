-- dr-service: a failback is a failover that reverses an earlier one (FailbackRequested); failback_of names it.
ALTER TABLE drill ADD COLUMN failback_of VARCHAR(253);
