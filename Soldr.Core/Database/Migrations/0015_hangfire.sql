-- Scheduled work moves from Quartz to Hangfire. Hangfire's own tables live in the "hangfire" schema and
-- are created by Hangfire.PostgreSql's scripts, which the migration runner applies after these, under
-- the same lock: one source of truth for each, and no two processes installing at once.
DROP TABLE IF EXISTS qrtz_fired_triggers, qrtz_paused_trigger_grps, qrtz_paused_job_grps, qrtz_scheduler_state,
    qrtz_locks, qrtz_simple_triggers, qrtz_simprop_triggers, qrtz_cron_triggers, qrtz_blob_triggers, qrtz_triggers,
    qrtz_job_details, qrtz_calendars, qrtz_execution_history, qrtz_misfire_history, qrtz_job_status CASCADE;

-- A run that found the previous run of its job still going does nothing, and says so.
ALTER TABLE job_runs DROP CONSTRAINT job_runs_outcome_check;
ALTER TABLE job_runs ADD CONSTRAINT job_runs_outcome_check CHECK (outcome IN ('succeeded', 'failed', 'skipped'));

-- Hangfire has no paused state for a recurring job: a paused job's schedule is set to never, and the
-- schedule it had waits here until it is resumed.
CREATE TABLE job_pauses (
    job        text PRIMARY KEY,
    schedule   text NOT NULL,
    paused_at  timestamptz NOT NULL,
    paused_by  text NOT NULL
);

-- An alert that stays open is announced again: the reminder job marks it due, the notifier sends it.
ALTER TABLE alerts ADD COLUMN reminder_due boolean NOT NULL DEFAULT false;
ALTER TABLE alerts ADD COLUMN reminded_at timestamptz;
DROP INDEX alerts_unsent;
CREATE INDEX alerts_unsent ON alerts (opened_at)
    WHERE opened_notified_at IS NULL OR (state = 'resolved' AND resolved_notified_at IS NULL) OR (state = 'open' AND reminder_due);
