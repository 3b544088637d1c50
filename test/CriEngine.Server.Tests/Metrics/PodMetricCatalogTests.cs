using CriEngine.Server.Metrics;

namespace CriEngine.Server.Tests.Metrics;

public class PodMetricCatalogTests
{
    private static readonly string[] Every = ["cpu", "disk", "memory", "network", "oom", "process", "spec"];

    [Test]
    public void Nothing_listed_or_all_selects_every_group()
    {
        Assert.That(PodMetricCatalog.GroupsIn([]), Is.EqualTo(Every));
        Assert.That(PodMetricCatalog.GroupsIn(["all"]), Is.EqualTo(Every));
    }

    [Test]
    public void Listed_groups_are_selected_in_the_catalogs_order_and_unmeasured_ones_select_nothing()
    {
        Assert.That(PodMetricCatalog.GroupsIn(["network", "cpu", "hugetlb"]), Is.EqualTo(new[] { "cpu", "network" }));
    }

    [Test]
    public void Descriptors_are_last_seen_then_the_groups_metrics_with_cadvisors_labels()
    {
        var descriptors = PodMetricCatalog.Descriptors(["cpu", "network"]).ToList();

        Assert.That(descriptors[0].Name, Is.EqualTo("container_last_seen"));
        Assert.That(descriptors.Select(d => d.Name), Does.Contain("container_cpu_usage_seconds_total").And.Contain("container_network_receive_bytes_total"));
        Assert.That(descriptors.Select(d => d.Name), Has.None.StartsWith("container_memory_"));
        Assert.That(descriptors.Single(d => d.Name == "container_cpu_usage_seconds_total").LabelKeys, Is.EqualTo(new[] { "id", "name", "image", "cpu" }));
        Assert.That(descriptors.Single(d => d.Name == "container_network_receive_bytes_total").LabelKeys, Is.EqualTo(new[] { "id", "name", "image", "interface" }));
        Assert.That(descriptors.Select(d => d.Name), Is.Unique);
    }
}
