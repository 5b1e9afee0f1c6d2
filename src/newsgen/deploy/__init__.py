"""`newsgen deploy`: publish the built output folder to a target named in `newsgen.yaml`.

What is published is exactly what the last finished build wrote: the files the output
folder's manifest lists, each checked to be the regular file the build left (so newsgen's
own bookkeeping files, a user's stray files and a symlink out of the folder are never sent).

Every target is brought to the same state in the same order: new files before changed ones,
the files pages use (styles, scripts, photos, the search index) before the pages, the pages
before the lists that name them (feeds, sitemaps), and removals last, so a reader never gets a
page whose style or photo is not there yet. Removals touch only files an earlier deploy put
there. The targets: `s3` (S3-compatible storage, through boto3), `git` (a branch such as
gh-pages, one commit) and `rsync` (a folder here or on a host over SSH).

The steps are in `newsgen.deploy.publish`; the targets' configuration in
`newsgen.deploy.targets`. The package itself imports nothing: reading the configuration
must not pay for the publisher."""
