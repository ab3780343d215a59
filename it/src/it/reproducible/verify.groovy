// reproducible: a second build of a copy of this project, in another folder, gives a byte-identical jar
// (and identical generated files): no time stamps, no absolute paths, a stable order.
import java.nio.file.Files
import java.util.concurrent.TimeUnit

/**
 * The invoker's settings (it/src/it/settings.xml) with the outer local repository as the remote
 * "local.central" again: the invoker deletes its interpolated copy after the build, and the IT local
 * repository records that id for the artifacts it took from there, so an offline build must offer the same id.
 */
File offlineSettings(File projectDir) {
    File template = new File(projectDir, '../../../src/it/settings.xml').canonicalFile
    assert template.isFile() : "no IT settings at $template"
    String outer = new File(System.getProperty('user.home'), '.m2/repository').toURI().toString()
    File settings = new File(projectDir, 'target/offline-settings.xml')
    settings.parentFile.mkdirs()
    settings.text = template.text.replace('@localRepositoryUrl@', outer)
    return settings
}

String runMaven(File dir, File invokerDir, String repo, File log, List<String> args) {
    File mvn = new File(System.getProperty('maven.home'), 'bin/mvn')
    List<String> cmd = [mvn.absolutePath, '-B', '-o', "-Dmaven.repo.local=$repo".toString()]
    cmd += ['-s', offlineSettings(invokerDir).absolutePath]
    cmd += args
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir).redirectErrorStream(true).redirectOutput(log)
    pb.environment().put('JAVA_HOME', System.getProperty('java.home'))
    Process p = pb.start()
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly()
        assert false : "mvn $args timed out; see $log"
    }
    assert p.exitValue() == 0 : "mvn $args failed; the end of $log:\n" + log.text.readLines().takeRight(40).join('\n')
    return log.text
}

assert new File(basedir, 'build.log').text.contains('BUILD SUCCESS')
File firstJar = new File(basedir, 'target/reproducible-1.0.0.jar')
assert firstJar.isFile()

File copy = new File(basedir.parentFile, 'reproducible-second-copy')
if (copy.exists()) {
    copy.deleteDir()
}
copy.mkdirs()
Files.copy(new File(basedir, 'pom.xml').toPath(), new File(copy, 'pom.xml').toPath())
Files.walk(new File(basedir, 'src').toPath()).withCloseable { paths ->
    paths.each { p ->
        def target = copy.toPath().resolve(basedir.toPath().relativize(p).toString())
        if (Files.isDirectory(p)) {
            Files.createDirectories(target)
        } else {
            Files.copy(p, target)
        }
    }
}
// Let at least a second pass, so that any time stamp would differ.
Thread.sleep(1500)
runMaven(copy, basedir, localRepositoryPath.toString(), new File(basedir, 'build-second.log'), ['package'])

File secondJar = new File(copy, 'target/reproducible-1.0.0.jar')
assert secondJar.isFile()
['target/generated-resources/lstm/it/reproducible/keyword_lstm.elf',
 'target/generated-resources/lstm/it/reproducible/keyword_lstm.h',
 'target/generated-resources/lstm/it/reproducible/keyword_lstm.memory-map.json',
 'target/generated-sources/lstm/it/reproducible/KeywordLstmOffsets.java'].each {
    assert new File(basedir, it).bytes == new File(copy, it).bytes : "$it differs between the two builds"
}
assert firstJar.bytes == secondJar.bytes : 'the two jars differ'
// The attached zip of images, headers and maps (attach=true) is reproducible too, and holds them all.
File firstZip = new File(basedir, 'target/reproducible-1.0.0-lstm-images.zip')
assert firstZip.isFile() : 'no attached zip'
assert firstZip.bytes == new File(copy, 'target/reproducible-1.0.0-lstm-images.zip').bytes : 'the two zips differ'
new java.util.zip.ZipFile(firstZip).withCloseable { z ->
    assert z.entries().toList()*.name == ['it/reproducible/keyword_lstm.elf', 'it/reproducible/keyword_lstm.h',
                                          'it/reproducible/keyword_lstm.memory-map.json']
}
assert new File(basedir, 'build.log').text.contains('Attached 3 file(s) as target/reproducible-1.0.0-lstm-images.zip')
// No absolute path of either build leaked into the outputs.
String image = new String(new File(basedir, 'target/generated-resources/lstm/it/reproducible/keyword_lstm.elf').bytes, 'ISO-8859-1')
assert !image.contains(basedir.absolutePath) && !image.contains(copy.absolutePath)
return true
