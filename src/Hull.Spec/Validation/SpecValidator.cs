namespace Hull.Spec;

/// <summary>Checks a configuration for what the specification requires and runc refuses.</summary>
public static class SpecValidator
{
    /// <summary>
    /// Validates <paramref name="spec"/>. When <paramref name="bundlePath"/> is given, the root
    /// filesystem must exist in it. <paramref name="requireProcess"/> is false for uses that
    /// run no process from the config (e.g. a template), true for <c>create</c> and <c>run</c>.
    /// </summary>
    public static SpecValidationResult Validate(RuntimeSpec spec, string? bundlePath = null, bool requireProcess = true)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var context = new ValidationContext(spec);
        CheckVersion(context);
        CheckRoot(context, bundlePath);
        CheckUts(context);
        CheckMounts(context);
        CheckHooks(context);
        ProcessValidator.Check(context, requireProcess);
        LinuxValidator.Check(context);
        return context.Result();
    }

    /// <summary>Like <see cref="Validate"/>, but throws when there are errors; returns the warnings otherwise.</summary>
    /// <exception cref="SpecException">The configuration has errors; all of them are in the message and in <see cref="SpecException.Errors"/>.</exception>
    public static IReadOnlyList<SpecError> ValidateOrThrow(RuntimeSpec spec, string? bundlePath = null, bool requireProcess = true)
    {
        var result = Validate(spec, bundlePath, requireProcess);
        if (!result.IsValid)
        {
            // The first error, as runc reports one: a later one may only follow from it.
            throw new SpecException(result.Errors[0].ToString(), result.Errors);
        }
        return result.Warnings;
    }

    private static void CheckVersion(ValidationContext context)
    {
        var version = context.Spec.OciVersion;
        if (string.IsNullOrEmpty(version))
        {
            context.Error("$.ociVersion", "ociVersion must be specified");
            return;
        }
        var core = version.Split('+', 2)[0].Split('-', 2)[0].Split('.');
        if (core.Length != 3 || !core.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            context.Error("$.ociVersion", $"invalid ociVersion {ValidationContext.Q(version)}: expected MAJOR.MINOR.PATCH");
        }
        else if (core[0] != "1")
        {
            context.Error("$.ociVersion", $"unsupported ociVersion {ValidationContext.Q(version)}: only 1.x is supported");
        }
    }

    private static void CheckRoot(ValidationContext context, string? bundlePath)
    {
        var root = context.Spec.Root;
        if (root is null)
        {
            context.Error("$.root", "root must be specified");
            return;
        }
        if (string.IsNullOrEmpty(root.Path))
        {
            context.Error("$.root.path", "root.path must not be empty");
            return;
        }
        if (bundlePath is null)
        {
            return;
        }
        // What is there but no directory is refused when the container's process is started in it, as runc refuses it.
        var rootfs = Path.Combine(bundlePath, root.Path);
        if (!Directory.Exists(rootfs) && !File.Exists(rootfs))
        {
            context.Error("$.root.path", $"invalid rootfs: stat {rootfs}: no such file or directory");
        }
    }

    private static void CheckUts(ValidationContext context)
    {
        if (context.HasNamespace(NamespaceTypes.Uts))
        {
            return;
        }
        if (!string.IsNullOrEmpty(context.Spec.Hostname))
        {
            context.Error("$.hostname", "unable to set hostname without a private UTS namespace");
        }
        if (!string.IsNullOrEmpty(context.Spec.Domainname))
        {
            context.Error("$.domainname", "unable to set domainname without a private UTS namespace");
        }
    }

    private static void CheckMounts(ValidationContext context)
    {
        var mounts = context.Spec.Mounts ?? [];
        for (var i = 0; i < mounts.Count; i++)
        {
            var path = ValidationContext.At("$.mounts", i);
            var mount = mounts[i];
            if (string.IsNullOrEmpty(mount?.Destination))
            {
                context.Error(path + ".destination", "mount destination must be specified");
            }
            else if (!mount.Destination.StartsWith('/'))
            {
                // Taken as relative to "/", as runc takes it, with runc's warning.
                context.Warn(path + ".destination", $"mount destination {mount.Destination} is not absolute. Support for non-absolute mount destinations will be removed in a future release.");
            }
            if ((mount?.UidMappings is null) != (mount?.GidMappings is null))
            {
                context.Error(path, "id-mapped mounts must have both uid and gid mappings specified");
            }
        }
    }

    private static void CheckHooks(ValidationContext context)
    {
        var hooks = context.Spec.Hooks;
        if (hooks is null)
        {
            return;
        }
        CheckHookList(context, "prestart", hooks.Prestart);
        CheckHookList(context, "createRuntime", hooks.CreateRuntime);
        CheckHookList(context, "createContainer", hooks.CreateContainer);
        CheckHookList(context, "startContainer", hooks.StartContainer);
        CheckHookList(context, "poststart", hooks.Poststart);
        CheckHookList(context, "poststop", hooks.Poststop);
    }

    private static void CheckHookList(ValidationContext context, string name, List<Hook>? hooks)
    {
        for (var i = 0; i < (hooks?.Count ?? 0); i++)
        {
            var path = ValidationContext.At("$.hooks." + name, i);
            var hook = hooks![i];
            if (string.IsNullOrEmpty(hook?.Path))
            {
                context.Error(path + ".path", "hook path must be specified");
            }
            else if (!ValidationContext.IsAbsolute(hook.Path))
            {
                context.Error(path + ".path", $"hook path {ValidationContext.Q(hook.Path)} must be absolute");
            }
            if (hook?.Timeout is <= 0)
            {
                context.Error(path + ".timeout", "hook timeout must be greater than zero");
            }
        }
    }
}
