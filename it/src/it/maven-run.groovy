// Shared by the verify.groovy scripts that run further Maven builds (incremental, network-artifact,
// reproducible): `def mvn = evaluate(new File(basedir, '../../../src/it/maven-run.groovy'))`, then
// `mvn(dir, logFile, expectSuccess, args)` returns the build's log. Builds run offline, with the IT local
// repository and the IT settings, as the invoker's own builds do.
import java.util.concurrent.TimeUnit

/*
 * The invoker's settings (it/src/it/settings.xml) with the outer local repository as the remote
 * "local.central" again: the invoker deletes its interpolated copy after the build, and the IT local
 * repository records that id for the artifacts it took from there, so an offline build must offer the same id.
 */
File template = new File(basedir, '../../../src/it/settings.xml').canonicalFile
assert template.isFile() : "no IT settings at $template"
String settingsText = template.text.replace('@localRepositoryUrl@',
        new File(System.getProperty('user.home'), '.m2/repository').toURI().toString())
File settings = new File(basedir, 'offline-settings.xml') // beside target/: a build's clean keeps it
String repo = localRepositoryPath.toString()

return { File dir, File log, boolean succeed, List<String> args ->
    settings.text = settingsText
    File mvn = new File(System.getProperty('maven.home'), 'bin/mvn')
    assert mvn.isFile() : "no Maven launcher at $mvn"
    List<String> cmd = [mvn.absolutePath, '-B', '-o', "-Dmaven.repo.local=$repo".toString(), '-s', settings.absolutePath]
    cmd += args
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir).redirectErrorStream(true).redirectOutput(log)
    pb.environment().put('JAVA_HOME', System.getProperty('java.home'))
    Process p = pb.start()
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly()
        assert false : "mvn $args timed out; see $log"
    }
    String out = log.text
    assert (p.exitValue() == 0) == succeed : "mvn $args: exit ${p.exitValue()}, expected " +
            (succeed ? 'success' : 'failure') + "; the end of $log:\n" + out.readLines().takeRight(40).join('\n')
    return out
}
