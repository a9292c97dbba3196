namespace Soldr.ServiceDefaults.Redis;

/// <summary>A Redis server refused a command or could not be reached.</summary>
public sealed class RedisException : Exception
{
    public RedisException()
    {
    }

    public RedisException(string message)
        : base(message)
    {
    }

    public RedisException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
