using CriEngine.Api;
using Google.Protobuf;

namespace CriEngine.Server.Tests;

/// <summary>How a Stream* RPC splits its listing: under the budget, every item once, in order.</summary>
public class ResponseChunkerTests
{
    private static Container Container(int i, int annotationBytes) => new()
    {
        Id = $"{i:x64}",
        PodSandboxId = $"{i % 7:x64}",
        Metadata = new ContainerMetadata { Name = $"c{i}" },
        Annotations = { ["blob"] = new string('a', annotationBytes) },
    };

    private static async Task<List<IReadOnlyList<Container>>> ChunksAsync(IEnumerable<Container> items, int budget)
    {
        var chunks = new List<IReadOnlyList<Container>>();
        await foreach (var chunk in ResponseChunker.ChunksAsync(items.ToAsyncEnumerable(), budget))
            chunks.Add(chunk);
        return chunks;
    }

    [Test]
    public async Task Ten_thousand_containers_come_in_chunks_each_under_the_budget_in_order_each_once()
    {
        var random = new Random(5);
        var containers = Enumerable.Range(0, 10_000).Select(i => Container(i, random.Next(0, 3000))).ToList();

        var chunks = await ChunksAsync(containers, ResponseChunker.DefaultBudgetBytes);
        var sizes = chunks.Select(c => new StreamContainersResponse { Containers = { c } }.CalculateSize()).ToList();

        Assert.That(chunks, Has.Count.GreaterThan(10), "17 MB of containers do not fit in one");
        Assert.That(sizes, Has.All.LessThanOrEqualTo(ResponseChunker.DefaultBudgetBytes));
        Assert.That(sizes.Take(chunks.Count - 1), Has.All.GreaterThan(ResponseChunker.DefaultBudgetBytes - 4000), "a chunk is full before the next begins");
        Assert.That(chunks.SelectMany(c => c).Select(c => c.Id), Is.EqualTo(containers.Select(c => c.Id)));
    }

    [Test]
    public void Encoded_size_is_what_the_item_adds_to_its_response()
    {
        var items = new[] { Container(1, 0), Container(2, 200), Container(3, 70_000) };

        var response = new StreamContainersResponse { Containers = { items } };

        Assert.That(items.Sum(ResponseChunker.EncodedSize), Is.EqualTo(response.CalculateSize()));
    }

    [Test]
    public async Task An_item_larger_than_the_budget_goes_alone()
    {
        var items = new[] { Container(1, 10), Container(2, 5000), Container(3, 10) };

        var chunks = await ChunksAsync(items, 1000);

        Assert.That(chunks.Select(c => c.Count), Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(chunks[1].Single().Id, Is.EqualTo(items[1].Id));
    }

    [Test]
    public async Task Nothing_to_list_sends_no_response()
    {
        Assert.That(await ChunksAsync([], ResponseChunker.DefaultBudgetBytes), Is.Empty);
    }

    [Test]
    public void Budget_stays_under_half_the_send_limit_and_at_most_the_default()
    {
        Assert.That(ResponseChunker.BudgetFor(80 << 20), Is.EqualTo(ResponseChunker.DefaultBudgetBytes));
        Assert.That(ResponseChunker.BudgetFor(1 << 20), Is.EqualTo(512 << 10));
    }
}
