package org.mlmlab;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An I/O failure said in words. Java's {@link AccessDeniedException} and {@link NoSuchFileException}
 * carry only the path as their message, so "Could not read x: /data/x" hid that permission was denied.
 */
public final class FileError {
    private FileError() {
    }

    /** What went wrong: "permission denied: PATH", "no such file or folder: PATH", or the system's reason. */
    public static String describe(IOException e) {
        return e instanceof AccessDeniedException ? "permission denied: " + e.getMessage()
                : e instanceof NoSuchFileException ? "no such file or folder: " + e.getMessage()
                : e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way, where a folder is needed: " + e.getMessage()
                : e instanceof java.nio.file.NotDirectoryException ? "not a folder: " + e.getMessage()
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason() + ": " + f.getFile()
                : e.getMessage();
    }

    /** A read that failed, with the fix when it is a permission: the owner can share it, or the user can copy it. */
    public static String cannotRead(Path file, IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Cannot read " + file + ": permission denied. Ask its owner to let you read it (chmod a+r on the file, a+x on "
                    + "its folders), or use a copy of your own.";
        }
        return "Could not read " + file + " (" + describe(e) + ").";
    }
}
