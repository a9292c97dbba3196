namespace Soldr.Worker.Delivery.Network;

/// <summary>Thrown from the delivery client's connect step when every address of a host is in a blocked network.</summary>
public sealed class RefusedAddressException : IOException
{
    public RefusedAddressException()
    {
    }

    public RefusedAddressException(string message)
        : base(message)
    {
    }

    public RefusedAddressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
