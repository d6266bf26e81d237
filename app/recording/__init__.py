"""Recording: segment files written by stream copy from the hub, their index, retention,
integrity checks and crash recovery, evidence exports and footage imported from outside.

The playback UI reads through `PlaybackCatalog` (recorded ranges, time → file and offset,
timeline marks) and `BookmarkService`; sources are cameras or imported footage alike
(`SourceRef`).
"""
