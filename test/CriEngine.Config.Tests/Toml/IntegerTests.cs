using CriEngine.Config.Toml;

namespace CriEngine.Config.Tests.Toml;

public class IntegerTests
{
    [TestCase("v = +99", 99L)]
    [TestCase("v = 42", 42L)]
    [TestCase("v = 0", 0L)]
    [TestCase("v = -17", -17L)]
    [TestCase("v = -0", 0L)]
    [TestCase("v = +0", 0L)]
    [TestCase("v = 1_000", 1000L)]
    [TestCase("v = 5_349_221", 5349221L)]
    [TestCase("v = 53_49_221", 5349221L)]
    [TestCase("v = 1_2_3_4_5", 12345L)]
    [TestCase("v = 0xDEADBEEF", 0xDEADBEEFL)]
    [TestCase("v = 0xdeadbeef", 0xDEADBEEFL)]
    [TestCase("v = 0xdead_beef", 0xDEADBEEFL)]
    [TestCase("v = 0x00000001", 1L)]
    [TestCase("v = 0o01234567", 342391L)]
    [TestCase("v = 0o755", 493L)]
    [TestCase("v = 0b11010110", 214L)]
    [TestCase("v = 0b0000_0001", 1L)]
    [TestCase("v = 0x0", 0L)]
    [TestCase("v = 9223372036854775807", long.MaxValue)]
    [TestCase("v = +9223372036854775807", long.MaxValue)]
    [TestCase("v = -9223372036854775808", long.MinValue)]
    [TestCase("v = 0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    [TestCase("v = 0x7fff_ffff_ffff_ffff", long.MaxValue)]
    [TestCase("v = 0o777777777777777777777", long.MaxValue)]
    [TestCase("v = 0b111111111111111111111111111111111111111111111111111111111111111", long.MaxValue)]
    [TestCase("v = 0x0000000000000000000000000000001", 1L)]
    public void Integer_reads_as_long(string document, long expected)
    {
        var value = TomlAssert.ValueOf(document);

        Assert.That(value, Is.TypeOf<TomlInteger>());
        Assert.That(((TomlInteger)value).Value, Is.EqualTo(expected));
    }

    [TestCase("v = 9223372036854775808", 1, 5, "integer out of range")]
    [TestCase("v = -9223372036854775809", 1, 5, "integer out of range")]
    [TestCase("v = 99999999999999999999999999", 1, 5, "integer out of range")]
    [TestCase("v = 0x8000000000000000", 1, 5, "integer out of range")]
    [TestCase("v = 0xFFFFFFFFFFFFFFFF", 1, 5, "integer out of range")]
    [TestCase("v = 0o1000000000000000000000", 1, 5, "integer out of range")]
    [TestCase("v = 0b1000000000000000000000000000000000000000000000000000000000000000", 1, 5, "integer out of range")]
    public void Integer_out_of_range_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }

    [TestCase("v = 01", 1, 5, "leading zeros are not allowed")]
    [TestCase("v = 00", 1, 5, "leading zeros are not allowed")]
    [TestCase("v = -01", 1, 6, "leading zeros are not allowed")]
    [TestCase("v = +01", 1, 6, "leading zeros are not allowed")]
    [TestCase("v = 0_1", 1, 5, "leading zeros are not allowed")]
    [TestCase("v = 1__000", 1, 6, "an underscore must be between two digits")]
    [TestCase("v = _1000", 1, 5, "an underscore must be between two digits")]
    [TestCase("v = 1000_", 1, 9, "an underscore must be between two digits")]
    [TestCase("v = -_1", 1, 6, "an underscore must be between two digits")]
    [TestCase("v = 0x_1", 1, 7, "an underscore must be between two digits")]
    [TestCase("v = 0x1_", 1, 8, "an underscore must be between two digits")]
    [TestCase("v = 0b1__0", 1, 8, "an underscore must be between two digits")]
    [TestCase("v = +0x10", 1, 5, "hexadecimal, octal and binary integers cannot have a sign")]
    [TestCase("v = -0o7", 1, 5, "hexadecimal, octal and binary integers cannot have a sign")]
    [TestCase("v = -0b1", 1, 5, "hexadecimal, octal and binary integers cannot have a sign")]
    [TestCase("v = 0X10", 1, 6, "invalid character 'X' in number")]
    [TestCase("v = 0O10", 1, 6, "invalid character 'O' in number")]
    [TestCase("v = 0B10", 1, 6, "invalid character 'B' in number")]
    [TestCase("v = 0x", 1, 7, "expected a hexadecimal digit, found end of input")]
    [TestCase("v = 0o", 1, 7, "expected an octal digit, found end of input")]
    [TestCase("v = 0b", 1, 7, "expected a binary digit, found end of input")]
    [TestCase("v = 0xG", 1, 7, "expected a hexadecimal digit, found 'G'")]
    [TestCase("v = 0o8", 1, 7, "expected an octal digit, found '8'")]
    [TestCase("v = 0o78", 1, 8, "invalid character '8' in number")]
    [TestCase("v = 0b102", 1, 9, "invalid character '2' in number")]
    [TestCase("v = 0x1.5", 1, 8, "invalid character '.' in number")]
    [TestCase("v = ++1", 1, 6, "expected a digit, found '+'")]
    [TestCase("v = -+1", 1, 6, "expected a digit, found '+'")]
    [TestCase("v = +", 1, 6, "expected a digit, found end of input")]
    [TestCase("v = 1a", 1, 6, "invalid character 'a' in number")]
    [TestCase("v = 123abc", 1, 8, "invalid character 'a' in number")]
    [TestCase("v = 1 2", 1, 7, "expected a newline after the value, found '2'")]
    [TestCase("v = 1,", 1, 6, "expected a newline after the value, found ','")]
    [TestCase("v = 1-2", 1, 6, "expected a 4-digit year, found '-'")]
    [TestCase("v = 1_000:1", 1, 10, "invalid character ':' in number")]
    public void Malformed_integer_is_rejected(string document, int line, int column, string reason)
    {
        TomlAssert.Rejects(document, line, column, reason);
    }
}
