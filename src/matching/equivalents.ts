// One given name across languages: Joseph / José / Youssef / Iosif, Jacob / Yakov / Yaqub, Alexander / Oleksandr /
// Iskandar. A person's name is written in the form of the record's language (a Ukrainian in Ukrainian and in
// Russian, an Arab Christian as Yusuf and as Joseph), so these forms count as one name, a little below one
// spelling. Spellings are folded with `fold` on first use; a group holds only forms of one name, not names that
// merely share an origin and are used as distinct names (Yuri and Georgiy, Jesús and Isa stay apart).
import { fold } from './normalize.js';

const GROUPS: string[] = [
  // Biblical and Quranic names in European, Slavic and Arabic forms
  'joseph josef jose giuseppe jozef josep yosef iosif osip yusuf youssef yousef youcef yussuf yousuf yusef yossef',
  'jacob jakob jakub jacobo giacomo yakov yaakov iakov yakub yaqub yacoub yakoub yaqoob yakoob jakov',
  'abraham avraham abrao ibrahim ebrahim brahim ibragim',
  'moses moshe musa moussa mousa moise moises moisei mojzesz',
  'david dawud daoud dawood daud davit davyd dovid',
  'solomon salomon shlomo suleiman sulayman suleyman sulejman slimane soliman sulaiman',
  'ishmael ismail ismael smail ismoil',
  'isaac isaak ishaq ishak itzhak yitzhak',
  'elias elijah ilyas ilias elie ilya ilia iliyas',
  'jonah jonas yunus younes younis yunis yunes',
  'aaron aron harun haroun haron',
  'zachary zacharias zakaria zakariya zakariyya zacarias zakhar',
  'gabriel gabriele gavriil jibril jebril djibril gibril',
  'daniel danyal daniyal danilo daniil danylo',
  'noah noe nuh',
  'mary marie maria mariya marija maryam mariam miriam myriam',
  'eve eva hawa havva',
  'joachim joaquin joaquim gioacchino',
  'john jean juan johann johannes giovanni ivan ioannis yohannes hovhannes joao',
  'michael michel miguel michele mikhail mykhailo mikael michal mihail mikail mikayil',
  'peter pierre pedro pietro pyotr petr petro piotr pieter petar butrus',
  'paul pablo paolo pavel pavlo pawel paulo boulos bulus',
  'matthew mathieu matthieu mateo matteo mateus matvei matvey matviy',
  'mark marc marco marcos marko',
  'luke luc lucas luca luka',
  'thomas tomas tommaso tomasz',
  'philip philippe felipe filippo filip pilip',
  'stephen steven stephane etienne esteban stefan stefano stepan estevao istvan',
  'andrew andre andres andrei andrey andriy andrii andrzej andreas',
  'nicholas nicolas nicola nicolae nikolai nikolay mykola mikalai nikola',
  'alexander alexandre alejandro alessandro aleksandr aleksander oleksandr olexandr alyaksandr aliaksandr iskandar iskander skander eskandar',
  'alexei alexey aleksei aleksey oleksiy oleksii aliaksei',
  'gregory gregoire gregorio grigoriy grigory grigori hryhoriy ryhor grzegorz',
  'george georges jorge giorgio georgiy georgi georgy heorhiy jerzy',
  'theodore theodor teodoro fyodor fedor fedir',
  'anthony antoine antonio anton antoni',
  // European and Slavic given names
  'vladimir volodymyr uladzimir wlodzimierz',
  'sergei sergey sergiy serhiy serhii siarhei sergio serge sergiu',
  'igor ihor ihar',
  'dmitri dmitry dmitriy dmytro dzmitry dimitri',
  'eugene eugen eugenio evgeny evgeni yevgeny yevgeniy yevhen yauhen',
  'vasily vasiliy vasili vasyl vasil vassili vasile',
  'oleg oleh aleh',
  'olga olha volha',
  'helen helene elena olena alena',
  'anatoly anatoliy anatolii anatol',
  'victor viktor viktar',
  'gennady gennadiy gennadi hennadiy',
  'catherine katherine catalina caterina ekaterina yekaterina kateryna katsiaryna katarzyna',
  'elizabeth elisabeth elisabetta yelizaveta elzbieta',
  'natalie nathalie natalia nataliya natalya natallia',
  'henry henri enrique enrico heinrich genrikh',
  'william guillaume guillermo wilhelm willem guglielmo',
  'charles carlos karl carl carlo karol',
  'francis francois francisco francesco franz frans',
  'louis luis luigi ludwig lodewijk',
  'edward edouard eduardo eduard',
  'richard ricardo riccardo',
  'frederick frederic federico friedrich',
  // Short forms in use as names (hypocoristics), each with the name it stands for
  'jose pepe chepe',
  'francisco paco pancho curro',
  'jesus chucho chuy chuey',
  'guillermo memo',
  'alberto beto',
  'roberto beto',
  'antonio tono',
  'ignacio nacho',
  'eduardo lalo',
  'enrique quique kike',
  'manuel manolo',
  'luis lucho',
  'gonzalo chalo',
  'gregorio goyo',
  'vicente chente',
  'salvador chava',
  'rosario charo',
  'dolores lola',
  'guadalupe lupe',
  'aleksandr sasha',
  'vladimir volodya vova',
  'nikolai kolya',
  'mikhail misha',
  'dmitri dima',
  'sergei seryozha',
  'ivan vanya',
  'aleksei alyosha',
  'yevgeny zhenya',
  'konstantin kostya',
  'pavel pasha',
  'yekaterina katya',
  'natalia natasha',
  'maria masha',
  'anastasia nastya',
  'tatiana tanya',
  'william bill billy',
  'robert bob bobby',
  'richard rick dick',
  'james jim jimmy',
  'michael mike',
  'anthony tony',
  'charles charlie chuck',
  'edward ted',
];

let table: Map<string, string[]> | null = null;

/** The other forms of a folded given name, folded; empty for a name in no group. */
export function equivalents(folded: string): readonly string[] {
  if (!table) {
    table = new Map();
    for (const line of GROUPS) {
      const forms = [...new Set(line.split(' ').map(fold))];
      for (const f of forms) table.set(f, [...new Set([...(table.get(f) ?? []), ...forms.filter((g) => g !== f)])]);
    }
  }
  return table.get(folded) ?? [];
}
