// reproducible: a second build of a copy of this project, in another folder, gives a byte-identical jar
// (and identical generated files): no time stamps, no absolute paths, a stable order.
import java.nio.file.Files

def mvn = evaluate(new File(basedir, '../../../src/it/maven-run.groovy'))

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
mvn(copy, new File(basedir, 'build-second.log'), true, ['package'])

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
