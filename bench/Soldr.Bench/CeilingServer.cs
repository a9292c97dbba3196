namespace Soldr.Bench;

/// <summary>Scenario 1: what this machine's HTTP stack serves when the handler does nothing at all.</summary>
internal static class CeilingServer
{
    public static async Task RunAsync(int port, CancellationToken cancellationToken)
    {
        await using var app = Hosting.Create(port);
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return Task.CompletedTask;
        });
        await app.StartAsync(cancellationToken);
        Console.WriteLine($"ceiling listening on {port}");
        await WaitAsync(cancellationToken);
        await app.StopAsync(CancellationToken.None);
    }

    public static async Task WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
