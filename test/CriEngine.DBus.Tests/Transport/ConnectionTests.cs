using System.Globalization;
using System.Text;

namespace CriEngine.DBus.Tests.Transport;

/// <summary>The connection's behaviour against a peer played by the test (no root, no real bus).</summary>
public sealed class ConnectionTests
{
    private static readonly DBusMethodCall Ping = new("org.example.Peer", new DBusObjectPath("/p"), "org.example.Peer", "Ping");

    private FakePeer _fake = null!;
    private DBusConnection _connection = null!;

    [SetUp]
    public void SetUp()
    {
        _fake = new FakePeer();
        _connection = new DBusConnection([_fake.Endpoint], TimeSpan.FromSeconds(5));
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _connection.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Test]
    public async Task Authentication_names_the_effective_uid_hex_encoded()
    {
        var connecting = _connection.ConnectAsync(CancellationToken.None);
        using var peer = await _fake.AcceptAsync();
        await peer.AcceptAuthAsync();
        await connecting;
        var uid = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Uid:")).Split('\t')[2];
        Assert.That(peer.AuthLine, Is.EqualTo("AUTH EXTERNAL " + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(uid))));
    }

    [Test]
    public async Task Rejected_authentication_is_NoServer_with_the_servers_answer()
    {
        var connecting = _connection.ConnectAsync(CancellationToken.None);
        using var peer = await _fake.AcceptAsync();
        await peer.SendLineAsync("REJECTED DBUS_COOKIE_SHA1");
        var error = Assert.ThrowsAsync<DBusException>(() => connecting);
        Assert.That(error!.ErrorName, Is.EqualTo(DBusErrorNames.NoServer));
        Assert.That(error.ErrorMessage, Does.Contain("rejected EXTERNAL").And.Contain("DBUS_COOKIE_SHA1"));
    }

    [Test]
    public async Task Replies_in_any_order_reach_the_calls_they_answer()
    {
        var calls = new List<Task<DBusMessage>>();
        var connecting = _connection.ConnectAsync(CancellationToken.None);
        using var peer = await _fake.AcceptAsync();
        await peer.AcceptAuthAsync();
        await connecting;
        for (var i = 0; i < 5; i++)
            calls.Add(_connection.CallAsync(Ping, CancellationToken.None));
        var received = new List<DBusMessage>();
        for (var i = 0; i < 5; i++)
            received.Add(await peer.ReadMessageAsync());
        Assert.That(received.Select(m => m.Serial).Distinct().Count(), Is.EqualTo(5), "every call has its own serial");
        foreach (var call in Enumerable.Reverse(received))
            await peer.ReplyAsync(call, value: call.Serial * 10, serial: 100 + call.Serial);
        for (var i = 0; i < 5; i++)
            Assert.That((await calls[i]).Arguments[0], Is.EqualTo(received[i].Serial * 10));
    }

    [Test]
    public async Task Big_endian_reply_is_read_in_its_byte_order()
    {
        var connecting = _connection.ConnectAsync(CancellationToken.None);
        using var peer = await _fake.AcceptAsync();
        await peer.AcceptAuthAsync();
        await connecting;
        var call = _connection.CallAsync(Ping, CancellationToken.None);
        var request = await peer.ReadMessageAsync();
        // METHOD_RETURN, serial 9, REPLY_SERIAL (at 16..24) and SIGNATURE "u" (at 24..31): fields
        // length 15, one byte of padding, the body 0x01020304 at 32.
        var serial = request.Serial.ToString("x8", CultureInfo.InvariantCulture);
        await peer.SendAsync(Hex.Bytes(string.Join(' ',
            "42 02 00 01", "00 00 00 04", "00 00 00 09", "00 00 00 0f",
            "05 01 75 00", serial,
            "08 01 67 00", "01 75 00", "00",
            "01 02 03 04")));
        Assert.That((await call).Arguments[0], Is.EqualTo(0x01020304u));
    }

    [Test]
    public async Task Lost_connection_fails_pending_calls_and_the_next_call_reconnects()
    {
        var connecting = _connection.ConnectAsync(CancellationToken.None);
        var first = await _fake.AcceptAsync();
        await first.AcceptAuthAsync();
        await connecting;
        var pending = _connection.CallAsync(Ping, CancellationToken.None);
        await first.ReadMessageAsync();
        first.Dispose();
        var error = Assert.ThrowsAsync<DBusException>(() => pending);
        Assert.That(error!.ErrorName, Is.EqualTo(DBusErrorNames.Disconnected));
        Assert.That(error.ErrorMessage, Does.Contain(_fake.SocketPath).And.Contain("closed"));

        var next = _connection.CallAsync(Ping, CancellationToken.None);
        using var second = await _fake.AcceptAsync();
        await second.AcceptAuthAsync();
        var request = await second.ReadMessageAsync();
        await second.ReplyAsync(request, 7, serial: 1);
        Assert.That((await next).Arguments[0], Is.EqualTo(7u));
    }

    [Test]
    public async Task Malformed_bytes_from_the_peer_drop_the_connection_with_the_reason()
    {
        var connecting = _connection.ConnectAsync(CancellationToken.None);
        using var peer = await _fake.AcceptAsync();
        await peer.AcceptAuthAsync();
        await connecting;
        var pending = _connection.CallAsync(Ping, CancellationToken.None);
        await peer.ReadMessageAsync();
        await peer.SendAsync(Hex.Bytes("58 02 00 01 00 00 00 00 01 00 00 00 00 00 00 00"));
        var error = Assert.ThrowsAsync<DBusException>(() => pending);
        Assert.That(error!.ErrorName, Is.EqualTo(DBusErrorNames.Disconnected));
        Assert.That(error.ErrorMessage, Does.Contain("byte order mark 0x58"));
    }

    [Test]
    public async Task Call_without_a_reply_fails_with_NoReply_after_the_timeout()
    {
        await using var impatient = new DBusConnection([_fake.Endpoint], TimeSpan.FromMilliseconds(300));
        var connecting = impatient.ConnectAsync(CancellationToken.None);
        using var peer = await _fake.AcceptAsync();
        await peer.AcceptAuthAsync();
        await connecting;
        var error = Assert.ThrowsAsync<DBusException>(() => impatient.CallAsync(Ping, CancellationToken.None));
        Assert.That(error!.ErrorName, Is.EqualTo(DBusErrorNames.NoReply));
        Assert.That(error.ErrorMessage, Does.Contain("org.example.Peer.Ping"));
    }

    [Test]
    public async Task Cancelling_a_pending_call_leaves_the_connection_usable()
    {
        var connecting = _connection.ConnectAsync(CancellationToken.None);
        using var peer = await _fake.AcceptAsync();
        await peer.AcceptAuthAsync();
        await connecting;
        using var cancel = new CancellationTokenSource();
        var cancelled = _connection.CallAsync(Ping, cancel.Token);
        var abandoned = await peer.ReadMessageAsync();
        await cancel.CancelAsync();
        Assert.That(() => cancelled, Throws.InstanceOf<OperationCanceledException>());

        var next = _connection.CallAsync(Ping, CancellationToken.None);
        var request = await peer.ReadMessageAsync();
        await peer.ReplyAsync(abandoned, 1, serial: 1);
        await peer.ReplyAsync(request, 2, serial: 2);
        Assert.That((await next).Arguments[0], Is.EqualTo(2u), "a late reply to the cancelled call is dropped");
    }

    [Test]
    public async Task Method_call_from_the_peer_is_answered_with_UnknownMethod()
    {
        var connecting = _connection.ConnectAsync(CancellationToken.None);
        using var peer = await _fake.AcceptAsync();
        await peer.AcceptAuthAsync();
        await connecting;
        await peer.SendAsync(DBusMessageCodec.Encode(new DBusMethodCall(":1.9", new DBusObjectPath("/x"), "org.example.Client", "Poke").ToMessage(serial: 42)));
        var answer = await peer.ReadMessageAsync();
        Assert.That(answer.Type, Is.EqualTo(DBusMessageType.Error));
        Assert.That(answer.ErrorName, Is.EqualTo(DBusErrorNames.UnknownMethod));
        Assert.That(answer.ReplySerial, Is.EqualTo(42u));
    }

    [Test]
    public async Task Signals_reach_the_subscriptions_whose_rule_they_match()
    {
        var connecting = _connection.ConnectAsync(CancellationToken.None);
        using var peer = await _fake.AcceptAsync();
        await peer.AcceptAuthAsync();
        await connecting;
        await using var wanted = await _connection.SubscribeAsync(new DBusMatchRule { Interface = "org.example.Peer", Member = "Changed" }, CancellationToken.None);
        foreach (var (member, serial) in new[] { ("Other", 1u), ("Changed", 2u) })
        {
            await peer.SendAsync(DBusMessageCodec.Encode(new DBusMessage
            {
                Type = DBusMessageType.Signal,
                Serial = serial,
                Path = new DBusObjectPath("/p"),
                Interface = "org.example.Peer",
                Member = member,
            }));
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var signal = await wanted.ReadAsync(timeout.Token);
        Assert.That(signal.Member, Is.EqualTo("Changed"));
        Assert.That(signal.Serial, Is.EqualTo(2u));
    }
}
