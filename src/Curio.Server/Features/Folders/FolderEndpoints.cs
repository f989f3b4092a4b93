using System.Security.Claims;
using System.Text.Json;
using Curio.Contracts;
using Curio.Core.Json;
using Curio.Server.Hosting;
using Curio.Storage;
using Curio.Storage.Folders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Curio.Server.Features.Folders;

internal static class FolderEndpoints
{
    public static void MapFolders(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/folders").WithTags("Folders");
        group.MapGet("/", ListAsync).WithName("ListFolders").WithSummary("List the sub-folders of a folder (root folders without 'parent')");
        group.MapGet("/by-path", GetByPathAsync).WithName("GetFolderByPath").WithSummary("Find a folder by its path, e.g. cams/front");
        group.MapPost("/", CreateAsync).WithName("CreateFolder").WithSummary("Create a folder, by path (with missing parents) or by name and parent");
        group.MapGet("/{uuid:guid}", GetAsync).WithName("GetFolder").WithSummary("Get a folder");
        group.MapPatch("/{uuid:guid}", UpdateAsync).WithName("UpdateFolder").WithSummary("Rename a folder or change its description or metadata");
        group.MapPatch("/", PatchAsync).WithName("PatchFolders")
            .WithSummary("Apply up to 1,000 folder patches (name, description, clientMetadata) in one transaction: all or none");
        group.MapDelete("/{uuid:guid}", DeleteAsync).WithName("DeleteFolder").WithSummary("Delete a folder (recursive=true with everything in it)");
    }

    private static async Task<Ok<Page<Folder>>> ListAsync(Guid? parent, IStorage storage, CancellationToken cancellationToken)
    {
        return TypedResults.Ok(new Page<Folder> { Results = await ChildrenAsync(storage, parent, cancellationToken) });
    }

    private static async Task<Ok<Folder>> GetByPathAsync(string path, IStorage storage, CancellationToken cancellationToken)
    {
        var names = FolderNames.Split(path);
        var folder = names.Count == 0 ? null : await storage.Folders.FindByPathAsync(names, cancellationToken);
        return TypedResults.Ok(await DtoAsync(storage, folder?.Uuid ?? throw FolderNames.NotFound($"'{path}'"), cancellationToken));
    }

    private static async Task<Ok<Folder>> GetAsync(Guid uuid, IStorage storage, CancellationToken cancellationToken) =>
        TypedResults.Ok(await DtoAsync(storage, uuid, cancellationToken));

    private static async Task<Created<Folder>> CreateAsync(
        CreateFolderRequest request, IStorage storage, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Guid? parent;
        string name;
        if (request.Path is not null)
        {
            if (request.Name is not null || request.Parent is not null)
            {
                throw ProblemException.BadRequest("Give either 'path', or 'name' with an optional 'parent', not both.");
            }

            var names = FolderNames.Split(request.Path);
            if (names.Count == 0)
            {
                throw ProblemException.BadRequest("The path names no folder.");
            }

            parent = names.Count > 1 ? (await storage.Folders.EnsurePathAsync(names.Take(names.Count - 1).ToList(), user.UserUuid(), now, cancellationToken)).Uuid : null;
            name = names[^1];
        }
        else
        {
            (parent, name) = (request.Parent, FolderNames.Check(request.Name));
        }

        var folder = await CreateInAsync(storage, time, parent, name, request.Description ?? "", Metadata(request.ClientMetadata), user.UserUuid(), cancellationToken);
        return TypedResults.Created($"/api/v1/folders/{folder.Uuid}", folder);
    }

    /// <summary>Creates one folder under <paramref name="parent"/> (a root folder when null); the API and the web UI both call it.</summary>
    public static async Task<Folder> CreateInAsync(
        IStorage storage, TimeProvider time, Guid? parent, string name, string description, string? clientMetadata, Guid? user, CancellationToken cancellationToken)
    {
        FolderNames.Check(name);
        var now = time.GetUtcNow();
        var result = await storage.Folders.CreateAsync(new NewFolder(Guid.CreateVersion7(now), parent, name, description, clientMetadata, user, now), cancellationToken);
        return await DtoAsync(storage, Check(result, name).Uuid, cancellationToken);
    }

    /// <summary>Renames a folder; the web UI calls it, as <c>PATCH /folders/{uuid}</c> does with only a name.</summary>
    public static async Task<Folder> RenameAsync(IStorage storage, TimeProvider time, Guid uuid, string name, CancellationToken cancellationToken)
    {
        var patch = new FolderPatch { Name = FolderNames.Check(name) };
        Check(await storage.Folders.UpdateAsync(uuid, patch, time.GetUtcNow(), cancellationToken), name, uuid);
        return await DtoAsync(storage, uuid, cancellationToken);
    }

    /// <summary>The sub-folders of <paramref name="parent"/> (root folders when null), as <c>GET /folders</c> lists them.</summary>
    public static async Task<IReadOnlyList<Folder>> ChildrenAsync(IStorage storage, Guid? parent, CancellationToken cancellationToken)
    {
        var path = parent is { } p ? await storage.Folders.GetPathAsync(p, cancellationToken) : [];
        if (parent is not null && path.Count == 0)
        {
            throw FolderNames.NotFound(parent.Value.ToString());
        }

        var children = await storage.Folders.ListChildrenAsync(parent, cancellationToken);
        return children.Select(c => ToDto([.. path, c])).ToList();
    }

    private static async Task<Ok<Folder>> UpdateAsync(Guid uuid, UpdateFolderRequest request, IStorage storage, TimeProvider time, CancellationToken cancellationToken)
    {
        var patch = new FolderPatch
        {
            Name = request.Name is null ? null : FolderNames.Check(request.Name),
            Description = request.Description,
            ClientMetadata = Metadata(request.ClientMetadata),
        };
        Check(await storage.Folders.UpdateAsync(uuid, patch, time.GetUtcNow(), cancellationToken), request.Name ?? "", uuid);
        return TypedResults.Ok(await DtoAsync(storage, uuid, cancellationToken));
    }

    private static async Task<Ok<Page<Folder>>> PatchAsync(PatchFoldersRequest request, IStorage storage, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.FolderPatches.Count > 1000)
        {
            throw ProblemException.BadRequest($"{request.FolderPatches.Count} folder patches in one request; send at most 1000.");
        }

        var patches = request.FolderPatches.Select(p => (p.Key, new FolderPatch
        {
            Name = p.Value.Name is null ? null : FolderNames.Check(p.Value.Name),
            Description = p.Value.Description,
            ClientMetadata = Metadata(p.Value.ClientMetadata),
        })).ToList();
        var (results, failed) = await storage.Folders.UpdateManyAsync(patches, time.GetUtcNow(), cancellationToken);
        if (failed is { } uuid)
        {
            Check(results[0], request.FolderPatches[uuid].Name ?? "", uuid);
        }

        var folders = new List<Folder>(results.Count);
        foreach (var result in results)
        {
            folders.Add(await DtoAsync(storage, result.Folder!.Uuid, cancellationToken));
        }

        return TypedResults.Ok(new Page<Folder> { Results = folders });
    }

    private static async Task<NoContent> DeleteAsync(Guid uuid, bool? recursive, IStorage storage, CancellationToken cancellationToken)
    {
        Check(await storage.Folders.DeleteAsync(uuid, recursive ?? false, cancellationToken), "", uuid);
        return TypedResults.NoContent();
    }

    private static FolderRecord Check(FolderWriteResult result, string name, Guid? uuid = null) => result.Status switch
    {
        FolderWriteStatus.Done => result.Folder!,
        FolderWriteStatus.NotFound => throw FolderNames.NotFound(uuid.ToString()!),
        FolderWriteStatus.ParentNotFound => throw FolderNames.NotFound("(the parent)"),
        FolderWriteStatus.NameTaken => throw ProblemException.Conflict(ErrorCodes.FolderNameTaken, $"The parent already has a folder named '{name}'."),
        FolderWriteStatus.NotEmpty => throw ProblemException.Conflict(ErrorCodes.FolderNotEmpty,
            "The folder has sub-folders or items; delete them first, or delete with recursive=true."),
        FolderWriteStatus.Busy => throw ProblemException.Conflict(ErrorCodes.FolderBusy,
            "An import into this folder (or one below it) is running; cancel it or wait for it to end."),
        _ => throw new InvalidOperationException(result.Status.ToString()),
    };

    private static string? Metadata(JsonElement? metadata) => metadata switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        { ValueKind: JsonValueKind.Object } m => CanonicalJson.Canonicalize(m.GetRawText()),
        _ => throw ProblemException.BadRequest("clientMetadata must be a JSON object."),
    };

    public static async Task<Folder> DtoAsync(IStorage storage, Guid uuid, CancellationToken cancellationToken)
    {
        var path = await storage.Folders.GetPathAsync(uuid, cancellationToken);
        return path.Count == 0 ? throw FolderNames.NotFound(uuid.ToString()) : ToDto(path);
    }

    /// <summary>The last folder of <paramref name="path"/> (root first).</summary>
    private static Folder ToDto(IReadOnlyList<FolderRecord> path)
    {
        var folder = path[^1];
        return new Folder
        {
            Uuid = folder.Uuid,
            Parent = folder.ParentUuid,
            Name = folder.Name,
            Description = folder.Description,
            ClientMetadata = folder.ClientMetadata is null ? null : JsonText.Element(folder.ClientMetadata),
            Path = string.Join('/', path.Select(f => f.Name)),
            PathToRoot = path.Select(f => new FolderRef(f.Uuid, f.Name)).ToList(),
            CreatedAt = folder.CreatedAt,
            LastEditedAt = folder.LastEditedAt,
        };
    }
}
