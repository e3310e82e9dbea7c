def can_manage_frames(user) -> bool:
    return bool(user.is_authenticated and user.has_perm("frames.change_frame"))
