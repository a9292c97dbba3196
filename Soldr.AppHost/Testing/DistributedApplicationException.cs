namespace Soldr.AppHost.Testing;

/// <summary>The AppHost could not start the stack; the message is what it printed.</summary>
public sealed class DistributedApplicationException : Exception
{
    public DistributedApplicationException()
    {
    }

    public DistributedApplicationException(string message)
        : base(message)
    {
    }

    public DistributedApplicationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
