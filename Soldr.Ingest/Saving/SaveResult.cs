namespace Soldr.Ingest.Saving;

/// <summary>
/// Where a request ended up and, when it repeated an event already received, the first request's id: a
/// duplicate is answered with that id, exactly as the first was.
/// </summary>
internal readonly record struct SaveResult(SaveOutcome Outcome, Guid? FirstOfEvent = null)
{
    public static implicit operator SaveResult(SaveOutcome outcome) => new(outcome);
}
