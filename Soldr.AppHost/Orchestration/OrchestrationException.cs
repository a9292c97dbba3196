namespace Soldr.AppHost.Orchestration;

/// <summary>A problem the user can fix, reported as one line without a stack trace.</summary>
public sealed class OrchestrationException : Exception
{
    public OrchestrationException()
    {
    }

    public OrchestrationException(string message)
        : base(message)
    {
    }

    public OrchestrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
