using CriEngine.Grpc;
using CriEngine.Server.State;
using CriEngine.TestSupport;

namespace CriEngine.Server.Tests;

public sealed partial class RecordStoreTests
{
    private sealed record Thing(string Id, string Name, int Value);

    private TempDirectory _directory = null!;

    [SetUp]
    public void Create() => _directory = new TempDirectory("criengine-records");

    [TearDown]
    public void Remove() => _directory.Dispose();

    private RecordStore<Thing> Store() => new(_directory.Path, TestJsonContext.Default.Thing, t => t.Id, t => t.Name);

    [Test]
    public async Task Records_survive_a_reload()
    {
        var store = Store();
        await store.SaveAsync(new Thing("a1", "alpha", 1));

        var reloaded = Store();
        await reloaded.LoadAsync(new TestLogger(), default);

        Assert.That(reloaded.Find("a1"), Is.EqualTo(new Thing("a1", "alpha", 1)));
    }

    [Test]
    public void A_name_is_held_until_its_record_is_deleted()
    {
        var store = Store();

        Assert.That(store.TryReserveName("alpha", "a1", out _), Is.True);
        Assert.That(store.TryReserveName("alpha", "b2", out var holder), Is.False);
        Assert.That(holder, Is.EqualTo("a1"));
        store.ReleaseName("alpha", "a1");
        Assert.That(store.TryReserveName("alpha", "b2", out _), Is.True);
    }

    [Test]
    public async Task Prefix_finds_only_an_unambiguous_record()
    {
        var store = Store();
        await store.SaveAsync(new Thing("abc1", "one", 1));
        await store.SaveAsync(new Thing("abc2", "two", 2));

        Assert.That(store.Find("abc"), Is.Null);
        Assert.That(store.Find("abc2")?.Name, Is.EqualTo("two"));
        Assert.That(store.Find(""), Is.Null);
        Assert.That(Assert.Throws<RpcException>(() => store.Get("zzz", "thing"))!.Code, Is.EqualTo(StatusCode.NotFound));
    }

    [Test]
    public async Task Leftover_temporary_files_and_broken_records_are_dropped_on_load()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory.Path, ".a1.json.123.tmp"), "{ half");
        await File.WriteAllTextAsync(Path.Combine(_directory.Path, "b2.json"), "{ not json");

        var store = Store();
        await store.LoadAsync(new TestLogger(), default);

        Assert.That(store.All, Is.Empty);
        Assert.That(Directory.GetFiles(_directory.Path, "*.tmp"), Is.Empty);
    }

    [System.Text.Json.Serialization.JsonSerializable(typeof(Thing))]
    private sealed partial class TestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
}
