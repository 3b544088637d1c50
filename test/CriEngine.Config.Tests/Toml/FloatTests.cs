using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class FloatTests
{
    [TestCase("v = +1.0", 1.0)]
    [TestCase("v = 3.1415", 3.1415)]
    [TestCase("v = -0.01", -0.01)]
    [TestCase("v = 5e+22", 5e+22)]
    [TestCase("v = 1e06", 1e06)]
    [TestCase("v = -2E-2", -2E-2)]
    [TestCase("v = 6.626e-34", 6.626e-34)]
    [TestCase("v = 224_617.445_991_228", 224617.445991228)]
    [TestCase("v = 1e1_0", 1e10)]
    [TestCase("v = 1.0e00", 1.0)]
    [TestCase("v = 0.0", 0.0)]
    [TestCase("v = 0e0", 0.0)]
    [TestCase("v = 0.000_001", 0.000001)]
    [TestCase("v = 1E+0", 1.0)]
    [TestCase("v = 3.141592653589793", 3.141592653589793)]
    [TestCase("v = 1.7976931348623157e308", double.MaxValue)]
    [TestCase("v = 5e-324", double.Epsilon)]
    [TestCase("v = 1e-400", 0.0)]
    [TestCase("v = 9007199254740993.0", 9007199254740992.0)]
    [TestCase("v = inf", double.PositiveInfinity)]
    [TestCase("v = +inf", double.PositiveInfinity)]
    [TestCase("v = -inf", double.NegativeInfinity)]
    public void Float_reads_as_double(string document, double expected)
    {
        var value = TomlAssert.ValueOf(document);

        Assert.That(value, Is.TypeOf<TomlFloat>());
        Assert.That(((TomlFloat)value).Value, Is.EqualTo(expected));
    }

    [TestCase("v = nan")]
    [TestCase("v = +nan")]
    [TestCase("v = -nan")]
    public void Nan_reads_as_nan(string document)
    {
        Assert.That(((TomlFloat)TomlAssert.ValueOf(document)).Value, Is.NaN);
    }

    [TestCase("v = -0.0")]
    [TestCase("v = -0e0")]
    public void Negative_zero_keeps_its_sign(string document)
    {
        Assert.That(double.IsNegative(((TomlFloat)TomlAssert.ValueOf(document)).Value), Is.True);
    }

    [Test]
    public void Integer_with_exponent_is_a_float()
    {
        Assert.That(TomlAssert.ValueOf("v = 1e2"), Is.TypeOf<TomlFloat>());
    }

    [TestCase("invalid_float_1 = .7", 1, 19, "a decimal point must be preceded by a digit")]
    [TestCase("invalid_float_2 = 7.", 1, 20, "a decimal point must be followed by a digit")]
    [TestCase("invalid_float_3 = 3.e+20", 1, 20, "a decimal point must be followed by a digit")]
    [TestCase("v = -.7", 1, 6, "a decimal point must be preceded by a digit")]
    [TestCase("v = +.7", 1, 6, "a decimal point must be preceded by a digit")]
    [TestCase("v = -7.", 1, 7, "a decimal point must be followed by a digit")]
    [TestCase("v = 1.2.3", 1, 8, "invalid character '.' in number")]
    [TestCase("v = 01.5", 1, 5, "leading zeros are not allowed")]
    [TestCase("v = -01.5", 1, 6, "leading zeros are not allowed")]
    [TestCase("v = 00.0", 1, 5, "leading zeros are not allowed")]
    [TestCase("v = 01e5", 1, 5, "leading zeros are not allowed")]
    [TestCase("v = 1_.5", 1, 6, "an underscore must be between two digits")]
    [TestCase("v = 1._5", 1, 6, "a decimal point must be followed by a digit")]
    [TestCase("v = 1.5_", 1, 8, "an underscore must be between two digits")]
    [TestCase("v = 1.5__1", 1, 8, "an underscore must be between two digits")]
    [TestCase("v = 1e", 1, 7, "expected a digit in the exponent, found end of input")]
    [TestCase("v = 1e+", 1, 8, "expected a digit in the exponent, found end of input")]
    [TestCase("v = 1e_1", 1, 7, "an underscore must be between two digits")]
    [TestCase("v = 1e1_", 1, 8, "an underscore must be between two digits")]
    [TestCase("v = 1e1__2", 1, 8, "an underscore must be between two digits")]
    [TestCase("v = 1ee1", 1, 7, "expected a digit in the exponent, found 'e'")]
    [TestCase("v = 1e1e1", 1, 8, "invalid character 'e' in number")]
    [TestCase("v = 1e1.5", 1, 8, "invalid character '.' in number")]
    [TestCase("v = 1.5e", 1, 9, "expected a digit in the exponent, found end of input")]
    [TestCase("v = 1e400", 1, 5, "float out of range")]
    [TestCase("v = -1.8e308", 1, 5, "float out of range")]
    [TestCase("v = Inf", 1, 5, "invalid value \"Inf\" (strings must be quoted, booleans are lowercase)")]
    [TestCase("v = NaN", 1, 5, "invalid value \"NaN\" (strings must be quoted, booleans are lowercase)")]
    [TestCase("v = infinity", 1, 5, "invalid value \"infinity\" (strings must be quoted, booleans are lowercase)")]
    [TestCase("v = +Inf", 1, 6, "expected a digit, found 'I'")]
    [TestCase("v = -nan_", 1, 6, "expected a digit, found 'n'")]
    [TestCase("v = in", 1, 5, "invalid value \"in\" (strings must be quoted, booleans are lowercase)")]
    [TestCase("v = +in", 1, 6, "expected a digit, found 'i'")]
    [TestCase("v = inf.0", 1, 5, "invalid value \"inf.0\" (strings must be quoted, booleans are lowercase)")]
    public void Malformed_float_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
