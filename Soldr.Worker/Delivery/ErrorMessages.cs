namespace Soldr.Worker.Delivery;

/// <summary>
/// An exception's message with the cause behind it. .NET often wraps the reason in an exception whose own
/// message only points at it ("The SSL connection could not be established, see inner exception."); an
/// operator needs the certificate error or refused port underneath, in the attempt, alert and log.
/// </summary>
internal static class ErrorMessages
{
    public static string WithCause(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return ReferenceEquals(innermost, exception) || exception.Message.Contains(innermost.Message, StringComparison.Ordinal)
            ? exception.Message
            : $"{exception.Message} Cause: {innermost.Message}";
    }
}
