using CriEngine.Api;
using CriEngine.Oci.Spec;

namespace CriEngine.Oci.Tests.Spec;

public sealed class SignalNumbersTests
{
    [TestCase(15, Signal.Sigterm)]
    [TestCase(9, Signal.Sigkill)]
    [TestCase(17, Signal.Sigchld)]
    [TestCase(6, Signal.Sigabrt)]
    [TestCase(35, Signal.Sigrtminplus1)]
    [TestCase(64, Signal.Sigrtmax)]
    public void A_signal_number_has_the_CRI_s_name(int number, Signal expected) =>
        Assert.That(SignalNumbers.ToCri(number), Is.EqualTo(expected));

    [Test]
    public void A_number_that_is_no_signal_is_the_runtime_default() =>
        Assert.That(SignalNumbers.ToCri(0), Is.EqualTo(Signal.RuntimeDefault));

    [Test]
    public void Every_CRI_signal_comes_back_as_itself_or_its_first_alias()
    {
        foreach (var signal in Enum.GetValues<Signal>().Where(signal => signal != Signal.RuntimeDefault))
            Assert.That(SignalNumbers.Of(SignalNumbers.ToCri(SignalNumbers.Of(signal))), Is.EqualTo(SignalNumbers.Of(signal)), signal.ToString());
    }
}
