using CriEngine.Server.Metrics;

namespace CriEngine.Server.Tests.Metrics;

public class NetworkDeviceCountersTests
{
    private const string NetDev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:     840      12    0    0    0     0          0         0      840      12    0    0    0     0       0          0
          eth0: 1296405    1016    2    5    0     0          0         0    65610     508    1    3    0     0       0          0

        """;

    [Test]
    public void Interfaces_of_the_pods_namespace_come_with_receive_and_transmit_counters_and_loopback_left_out()
    {
        var devices = NetworkDeviceCounters.Parse(NetDev);

        Assert.That(devices, Is.EqualTo(new[]
        {
            new NetworkDeviceCounters("eth0", ReceiveBytes: 1_296_405, ReceivePackets: 1016, ReceiveErrors: 2, ReceiveDropped: 5,
                TransmitBytes: 65_610, TransmitPackets: 508, TransmitErrors: 1, TransmitDropped: 3),
        }));
    }

    [Test]
    public void A_line_that_is_not_counters_is_an_error_naming_the_interface()
    {
        var error = Assert.Throws<FormatException>(() => NetworkDeviceCounters.Parse("h1\nh2\n  eth0: 1 2 three\n"));

        Assert.That(error!.Message, Does.Contain("eth0").And.Contain("three"));
    }
}
