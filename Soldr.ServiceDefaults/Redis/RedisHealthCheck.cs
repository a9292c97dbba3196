using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Soldr.ServiceDefaults.Redis;

/// <summary>Readiness: the server answers a real PING.</summary>
internal sealed class RedisHealthCheck(RedisClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var roundTrip = await client.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"PONG in {roundTrip.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is RedisException or IOException or System.Net.Sockets.SocketException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis at {client.Endpoint} did not answer PING: {ex.Message}");
        }
    }
}
