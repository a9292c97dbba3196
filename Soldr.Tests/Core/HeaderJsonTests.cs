using Soldr.Core.Requests;

namespace Soldr.Tests.Core;

public sealed class HeaderJsonTests
{
    [Fact]
    public void Headers_KeepTheirOrderAndRepeatedNames()
    {
        KeyValuePair<string, string>[] headers = [new("B", "2"), new("A", "1"), new("B", "3 \"quoted\" ünïcode")];

        Assert.Equal(headers, HeaderJson.Deserialize(HeaderJson.Serialize(headers)));
    }
}
