namespace Hull.Runtime;

/// <summary>The host's user names, from /etc/passwd (Hull resolves no names through NSS).</summary>
public static class HostUsers
{
    /// <summary>The name of <paramref name="uid"/>, or "#uid" when /etc/passwd has none, as runc's list shows owners.</summary>
    public static string NameOf(uint uid)
    {
        string uidText = uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            foreach (string line in File.ReadLines("/etc/passwd"))
            {
                string[] fields = line.Split(':');
                if (fields.Length > 2 && fields[2] == uidText)
                    return fields[0];
            }
        }
        catch (IOException)
        {
        }
        return "#" + uidText;
    }
}
