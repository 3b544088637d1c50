using CriEngine.TestSupport.Containers;

// Outside any namespace: NUnit runs it once around the whole assembly.
[SetUpFixture]
public sealed class TestCgroupsCleanup
{
    [OneTimeTearDown]
    public void RemoveTestCgroupParent() => TestCgroups.RemoveParentIfUnused();
}
