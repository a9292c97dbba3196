using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;
using Soldr.Core.Deliveries;
using Soldr.Worker.Delivery.Network;

namespace Soldr.Tests.Services;

public sealed class NetworkPolicyTests
{
    [Theory]
    [InlineData("169.254.169.254", "built-in block 'metadata'")]
    [InlineData("169.254.1.1", "built-in block 'link-local'")]
    [InlineData("fe80::1", "built-in block 'link-local'")]
    [InlineData("::ffff:169.254.169.254", "built-in block 'metadata'")]
    [InlineData("fd00:ec2::254", "built-in block 'metadata'")]
    [InlineData("100.100.100.200", "built-in block 'metadata'")]
    [InlineData("0.0.0.0", "built-in block 'unspecified'")]
    [InlineData("::", "built-in block 'unspecified'")]
    [InlineData("239.1.2.3", "built-in block 'multicast'")]
    [InlineData("ff02::1", "built-in block 'multicast'")]
    [InlineData("255.255.255.255", "built-in block 'broadcast'")]
    [InlineData("127.0.0.1", null)]
    [InlineData("::1", null)]
    [InlineData("10.1.2.3", null)]
    [InlineData("203.0.113.7", null)]
    [InlineData("2001:db8::1", null)]
    public void ByDefault_OnlyAddressesNoWebhookShouldReach_AreRefused(string address, string? rule)
    {
        var refusal = Policy().Refusal(IPAddress.Parse(address));

        if (rule is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Contains(rule, refusal, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.0.0.5", true)]
    [InlineData("10.9.9.9", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("fd12::1", true)]
    [InlineData("203.0.113.7", false)]
    [InlineData("169.254.169.254", true)]
    public void TheMostSpecificRuleDecides(string address, bool refused)
    {
        // Production-like: no loopback or private ranges, except one internal service.
        var policy = Policy(blocked: ["loopback", "private"], allowed: ["10.9.0.0/16"]);

        Assert.Equal(refused, policy.Refusal(IPAddress.Parse(address)) is not null);
    }

    [Fact]
    public void AnOperatorsRule_BeatsABuiltInOneOfTheSameLength()
    {
        var policy = Policy(blocked: [], allowed: ["169.254.0.0/16"]);

        Assert.Null(policy.Refusal(IPAddress.Parse("169.254.10.1")));
        Assert.NotNull(policy.Refusal(IPAddress.Parse("169.254.169.254")));
    }

    [Fact]
    public void AllowingOnlyChosenNetworks_BlocksTheRest()
    {
        var policy = Policy(blocked: ["any"], allowed: ["203.0.113.0/24"]);

        Assert.Null(policy.Refusal(IPAddress.Parse("203.0.113.7")));
        Assert.Contains("0.0.0.0/0 (Soldr:Delivery:BlockedNetworks:0)", policy.Refusal(IPAddress.Parse("198.51.100.1")), StringComparison.Ordinal);
        Assert.NotNull(policy.Refusal(IPAddress.Parse("2001:db8::1")));
    }

    [Fact]
    public void ABadEntry_IsNamedByItsKey()
    {
        var options = new DeliveryOptions();
        options.AllowedNetworks.Add("10.0.0.0/8");
        options.AllowedNetworks.Add("10.0.0.1/8");
        options.BlockedNetworks.Add("internal");

        var failures = options.Validate(new ValidationContext(options)).Select(f => f.ErrorMessage).ToList();

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("Soldr:Delivery:AllowedNetworks:1 ('10.0.0.1/8') is not a CIDR range", failures[0], StringComparison.Ordinal);
        Assert.StartsWith("Soldr:Delivery:BlockedNetworks:0 ('internal')", failures[1], StringComparison.Ordinal);
    }

    private static NetworkPolicy Policy(string[]? blocked = null, string[]? allowed = null)
    {
        var options = new DeliveryOptions();
        options.BlockedNetworks.AddRange(blocked ?? []);
        options.AllowedNetworks.AddRange(allowed ?? []);
        return new NetworkPolicy(Options.Create(options));
    }
}
