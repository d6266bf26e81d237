"""Playback of recordings and imported footage: timeline, synchronized players, bookmarks,
export and import dialogs."""
