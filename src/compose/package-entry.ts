// One installed package as compose records it in commit metadata
// (`ossify.packages`, GVariant a(sss)) and in the lockfile.
export interface PackageEntry {
  name: string;
  version: string;
  arch: string;
}

/** Sorted by name then arch, so metadata and lockfiles are byte-stable. */
export function sortPackages(list: PackageEntry[]): PackageEntry[] {
  return [...list].sort((x, y) =>
    x.name === y.name ? (x.arch < y.arch ? -1 : x.arch > y.arch ? 1 : 0) : x.name < y.name ? -1 : 1,
  );
}
